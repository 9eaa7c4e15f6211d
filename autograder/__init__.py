"""Autograder for the nn.Module course."""
