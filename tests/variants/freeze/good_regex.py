"""Good: one regular expression, each prefix escaped and followed by a dot or the end of the name."""

import re


def freeze(model, prefixes):
    if not prefixes:
        return []
    pattern = re.compile("(" + "|".join(re.escape(p) for p in prefixes) + r")(\.|$)")
    names = [n for n, _ in model.named_parameters() if pattern.match(n)]
    params = dict(model.named_parameters())
    for n in names:
        params[n].requires_grad = False
    return names
