# source: TeamOfProfGuo/Few_Shot_Seg_CWT@e8b85ef52914d86ba3f08195ce2f9bfa0aa68473:convert_pth.py (https://github.com/TeamOfProfGuo/Few_Shot_Seg_CWT/blob/e8b85ef52914d86ba3f08195ce2f9bfa0aa68473/convert_pth.py)
# adapted: the script's loop `new_wt[k.replace('module.', '')] = v` as a function of state_dict and prefix
# expect: fail known_mistake mistake=strip_prefix.replace

from collections import OrderedDict


def strip_prefix(state_dict, prefix="module."):
    new_state_dict = OrderedDict()
    for k, v in state_dict.items():
        new_state_dict[k.replace(prefix, "")] = v
    return new_state_dict
