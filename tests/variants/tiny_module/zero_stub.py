"""Zero: the untouched exercise stub."""


class TinyModule:
    def __init__(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def __setattr__(self, name: str, value) -> None:
        # YOUR CODE HERE
        raise NotImplementedError()

    def __getattr__(self, name: str):
        # YOUR CODE HERE
        raise NotImplementedError()

    def named_modules(self, prefix: str = ""):
        # YOUR CODE HERE
        raise NotImplementedError()

    def named_parameters(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def parameters(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def train(self, mode: bool = True):
        # YOUR CODE HERE
        raise NotImplementedError()

    def eval(self):
        # YOUR CODE HERE
        raise NotImplementedError()

    def state_dict(self, prefix: str = "") -> dict:
        # YOUR CODE HERE
        raise NotImplementedError()

    def load_state_dict(self, state_dict: dict) -> None:
        # YOUR CODE HERE
        raise NotImplementedError()
