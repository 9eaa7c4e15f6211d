# source: huggingface/transformers@040ba146759afc625c77f49d04982bb54873995f:src/transformers/modeling_utils.py (https://github.com/huggingface/transformers/blob/040ba146759afc625c77f49d04982bb54873995f/src/transformers/modeling_utils.py)
# adapted: PreTrainedModel.num_parameters(only_trainable) as a function of the model, the flag renamed trainable_only
# expect: pass

from torch import nn


def count_parameters(model: nn.Module, trainable_only: bool = False) -> int:
    total_parameters = list(model.parameters())
    if trainable_only:
        total_parameters = [p for p in total_parameters if p.requires_grad]
    return sum(p.numel() for p in total_parameters)
