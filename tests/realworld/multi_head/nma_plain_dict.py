# source: NeuromatchAcademy/course-content-dl@fb0583e3cdafd35817c711378b581be37eea9589:tutorials/W3D4_ContinualLearning/solutions/W3D4_Tutorial2_Solution_61df9420.py (https://github.com/NeuromatchAcademy/course-content-dl/blob/fb0583e3cdafd35817c711378b581be37eea9589/tutorials/W3D4_ContinualLearning/solutions/W3D4_Tutorial2_Solution_61df9420.py)
# adapted: Multi_task_model's heads (self.fcs, filled in a loop) keyed by task name in a plain dict, each an nn.Sequential of the task's sizes; the ResNet backbone replaced by the contract's trunk; the ModuleList wrap, Dropout and Softmax dropped
# expect: fail modules_in_python_container attribute=heads

import torch
import torch.nn as nn


class MultiHead(nn.Module):
  def __init__(self, in_features, hidden_features, heads):
    super(MultiHead, self).__init__()
    self.trunk = nn.Sequential(nn.Linear(in_features, hidden_features), nn.ReLU())

    self.heads = {}

    for task, sizes in heads.items():
      layers, width = [], hidden_features
      for size in sizes:
        layers += [nn.Linear(width, size), nn.ReLU()]
        width = size
      self.heads[task] = nn.Sequential(*layers[:-1])

  def forward(self, x):
    x = self.trunk(x)
    outs = {}
    for task in self.heads:
      outs[task] = self.heads[task](x)
    return outs
