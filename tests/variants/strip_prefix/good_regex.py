"""Good: re.sub anchored at the start with ^ and the prefix escaped, count=1."""

import re
from collections import OrderedDict


def strip_prefix(state_dict: dict, prefix: str = "module.") -> OrderedDict:
    pattern = re.compile("^" + re.escape(prefix))
    return OrderedDict((pattern.sub("", key, count=1), value) for key, value in state_dict.items())
