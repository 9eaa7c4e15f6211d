"""Known mistakes in predicting in eval mode (assignment 08_train_eval)."""

import torch


def predict_in_train_mode(model, x):
    with torch.no_grad():
        return model(x)


def predict_top_level_flag(model, x):
    was_training = model.training
    model.eval()
    with torch.no_grad():
        out = model(x)
    model.train(was_training)
    return out


def predict_stays_eval(model, x):
    model.eval()
    with torch.no_grad():
        return model(x)


MISTAKES = {
    "predict": {
        "predict.train_mode": {"predict": predict_in_train_mode},
        "predict.top_level_flag": {"predict": predict_top_level_flag},
        "predict.stays_eval": {"predict": predict_stays_eval},
    },
}
