# source: automl/NASLib@6b81601c333673af6ea4bbc33f72f64c2d5ea44e:competition/compute.py (https://github.com/automl/NASLib/blob/6b81601c333673af6ea4bbc33f72f64c2d5ea44e/competition/compute.py)
# adapted: pasted as it is, trainable_only added to the signature and never read
# expect: fail known_mistake mistake=count_parameters.ignores_flag

def count_parameters(model, trainable_only=False):
    return sum(p.numel() for p in model.parameters())
