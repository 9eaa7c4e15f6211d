"""Bad: freezes correctly but forgets to return the names -> returns_names: freeze_returned_not_list(call=freeze(model, ['layer1']))"""


def freeze(model, prefixes):
    for name, param in model.named_parameters():
        if any(name == p or name.startswith(p + ".") for p in prefixes):
            param.requires_grad = False
