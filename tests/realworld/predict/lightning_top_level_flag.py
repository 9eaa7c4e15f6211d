# source: Lightning-AI/pytorch-lightning@d10e0054f01f5fa92e5d102d55b53f29e6600853:src/lightning/pytorch/callbacks/finetuning.py (https://github.com/Lightning-AI/pytorch-lightning/blob/d10e0054f01f5fa92e5d102d55b53f29e6600853/src/lightning/pytorch/callbacks/finetuning.py)
# adapted: the was_training pattern (model.train(was_training) in finally), as Lightning's loops restore the top-level flag
# expect: fail known_mistake mistake=predict.top_level_flag

import torch


def predict(model, x):
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad():
            return model(x)
    finally:
        model.train(was_training)
