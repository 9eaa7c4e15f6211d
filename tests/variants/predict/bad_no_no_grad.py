"""Bad: eval mode but no torch.no_grad() -> no_autograd_graph: output_has_graph(case=predict.0)"""


def predict(model, x):
    flags = {m: m.training for m in model.modules()}
    model.eval()
    out = model(x)
    for m, flag in flags.items():
        m.training = flag
    return out
