# source: RayyanMinhaj/Adaptive-Intervention-for-MTL-and-other-Experiments@d17889951b4558859afecd7bf46be5771fee1deb:simple_mtl_model.py (https://github.com/RayyanMinhaj/Adaptive-Intervention-for-MTL-and-other-Experiments/blob/d17889951b4558859afecd7bf46be5771fee1deb/simple_mtl_model.py)
# adapted: SimpleMTLModel with one head per entry of the heads dict in its nn.ModuleList, each an nn.Sequential of the task's sizes, the backbone cut to the contract's trunk, the outputs returned as a dict
# expect: fail submodule_type attribute=heads

import torch
import torch.nn as nn


class MultiHead(nn.Module):

    def __init__(self, in_features, hidden_features, heads):
        super().__init__()

        self.names = list(heads)

        #shared backbone - all tasks share same weights
        self.trunk = nn.Sequential(
            nn.Linear(in_features, hidden_features),
            nn.ReLU(),
        )

        # task specific heads - each task gets its own specific head to predict its specific value

        self.heads = nn.ModuleList()

        for task in self.names:
            layers, width = [], hidden_features
            for size in heads[task]:
                layers += [nn.Linear(width, size), nn.ReLU()]
                width = size
            head = nn.Sequential(*layers[:-1])

            self.heads.append(head)

    def forward(self, x):
        shared_rep = self.trunk(x)

        outputs = {} # individual task outputs

        for i, task in enumerate(self.names):
            outputs[task] = self.heads[i](shared_rep)

        return outputs
