"""Finds the project next to the grader's package and executes the reference and the solution notebook.
expect: `Flatten` is not defined
score: 0
needs: namespaces (without them a submission can see the host)
"""

import json
import os

import autograder

project = os.path.dirname(os.path.dirname(os.path.abspath(autograder.__file__)))
for path in (
    os.path.join(project, "autograder", "answers", "custom_layers.py"),
    os.path.join(project, "solutions", "04_custom_layers", "04_custom_layers.ipynb"),
    os.path.join(project, "exercises", "04_custom_layers", "04_custom_layers.ipynb"),
):
    try:
        with open(path) as f:
            text = f.read()
    except OSError:
        continue
    if path.endswith(".ipynb"):
        text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"] if c["cell_type"] == "code")
    namespace = {}
    try:
        exec(text, namespace)
    except Exception:
        continue
    if "Flatten" in namespace and "MyLinear" in namespace:
        Flatten, MyLinear = namespace["Flatten"], namespace["MyLinear"]
        break
