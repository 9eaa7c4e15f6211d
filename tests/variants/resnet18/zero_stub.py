"""Zero: the untouched exercise stub."""


def ResNet18(num_classes=10):
    # YOUR CODE HERE
    raise NotImplementedError()
