# source: d2l-ai/d2l-en@903e460c2a2fafd2d9be43ad85d68223f79dd218:chapter_builders-guide/parameters.md (https://github.com/d2l-ai/d2l-en/blob/903e460c2a2fafd2d9be43ad85d68223f79dd218/chapter_builders-guide/parameters.md)
# adapted: parameters counted from state_dict(), which d2l uses to show every parameter
# expect: fail known_mistake mistake=count_parameters.from_state_dict

def count_parameters(net, trainable_only=False):
    return sum(param.numel() for name, param in net.state_dict().items())
