# source: NeuromatchAcademy/course-content-dl@fb0583e3cdafd35817c711378b581be37eea9589:tutorials/W3D4_ContinualLearning/solutions/W3D4_Tutorial2_Solution_61df9420.py (https://github.com/NeuromatchAcademy/course-content-dl/blob/fb0583e3cdafd35817c711378b581be37eea9589/tutorials/W3D4_ContinualLearning/solutions/W3D4_Tutorial2_Solution_61df9420.py)
# adapted: Multi_task_model's heads in an nn.ModuleDict, each ending as its loop builds it: a ReLU after the last layer too (the Softmax dropped)
# expect: fail known_mistake mistake=multi_head.relu_after_heads

import torch
import torch.nn as nn


class MultiHead(nn.Module):
  def __init__(self, in_features, hidden_features, heads):
    super(MultiHead, self).__init__()
    self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())
    self.heads = nn.ModuleDict()
    for task, sizes in heads.items():
      layers, width = [], hidden_features
      for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
      self.heads[task] = nn.Sequential(*layers)

  def forward(self, x):
    x = self.trunk(x)
    return {task: head(x) for task, head in self.heads.items()}
