#!/usr/bin/env python3
"""The PyTorch reference of README's performance table: one GradNorm pass of ResNet-20 and ResNet-56.

    python3 environment/reference/gradnorm-pytorch.py

The CIFAR ResNets as this project builds them (1x1-convolution projection shortcuts, 10 classes), a batch of 128
random 3x32x32 images, train-mode BatchNorm, mean cross-entropy, backward, and the global L2 norm of the gradients;
the best of 5 passes after 2 warm-ups, on PyTorch's default threads. Compare with the "full forward+backward" and
"GradNorm of the whole network" lines of `environment/sglp bench --only gradnorm`, run just before or after.
Needs PyTorch (Debian's python3-torch or pip's torch); the project itself does not.
"""
import time

import torch
import torch.nn.functional as F
from torch import nn


class Block(nn.Module):
    def __init__(self, inputs, outputs, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(inputs, outputs, 3, stride, 1, bias=False)
        self.bn1 = nn.BatchNorm2d(outputs)
        self.conv2 = nn.Conv2d(outputs, outputs, 3, 1, 1, bias=False)
        self.bn2 = nn.BatchNorm2d(outputs)
        self.shortcut = nn.Sequential()
        if stride != 1 or inputs != outputs:
            self.shortcut = nn.Sequential(nn.Conv2d(inputs, outputs, 1, stride, bias=False), nn.BatchNorm2d(outputs))

    def forward(self, x):
        return F.relu(self.bn2(self.conv2(F.relu(self.bn1(self.conv1(x))))) + self.shortcut(x))


class CifarResNet(nn.Module):
    def __init__(self, depth):
        super().__init__()
        self.conv = nn.Conv2d(3, 16, 3, 1, 1, bias=False)
        self.bn = nn.BatchNorm2d(16)
        blocks, width = [], 16
        for outputs, stride in ((16, 1), (32, 2), (64, 2)):
            for k in range((depth - 2) // 6):
                blocks.append(Block(width, outputs, stride if k == 0 else 1))
                width = outputs
        self.blocks = nn.Sequential(*blocks)
        self.fc = nn.Linear(64, 10)

    def forward(self, x):
        x = self.blocks(F.relu(self.bn(self.conv(x))))
        return self.fc(F.adaptive_avg_pool2d(x, 1).flatten(1))


torch.manual_seed(0)
for depth in (20, 56):
    net = CifarResNet(depth).train()
    x, y = torch.randn(128, 3, 32, 32), torch.randint(0, 10, (128,))
    best = float("inf")
    for attempt in range(7):
        start = time.perf_counter()
        net.zero_grad(set_to_none=True)
        F.cross_entropy(net(x), y).backward()
        torch.sqrt(sum((p.grad.double() ** 2).sum() for p in net.parameters())).item()
        if attempt >= 2:
            best = min(best, time.perf_counter() - start)
    print(f"resnet{depth} ({sum(p.numel() for p in net.parameters()):,} parameters), PyTorch {torch.__version__}, "
          f"{torch.get_num_threads()} threads: forward+backward+norm {best * 1000:.0f} ms")
