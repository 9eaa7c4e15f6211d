"""Are outputs that are dicts or tuples of tensors observed and compared part by part, naming the part?"""

from __future__ import annotations

import torch

from autograder.checks.forward import output_difference
from autograder.jailed.observe.common import MAX_OUTPUT_ITEMS, output_of


def _codes(found) -> list[str]:
    return [] if found is None else found.codes()


def test_a_dict_is_compared_by_keys_order_then_values_naming_the_key():
    """Does a dict output fail on missing keys, then on their order, then on the first differing value, by key?"""
    a, b = torch.ones(2, 3), torch.zeros(2, 4)
    expected = output_of({"parity": a, "digit": b})
    assert output_difference(output_of({"parity": a.clone(), "digit": b.clone()}), expected) is None
    assert _codes(output_difference(output_of({"parity": a}), expected)) == ["output_keys_differ"]
    assert _codes(output_difference(output_of({"digit": b, "parity": a}), expected)) == [
        "output_keys_reordered"
    ]
    found = output_difference(output_of({"parity": a, "digit": b + 1}), expected)
    assert found.code == "output_value_differs" and found.subject == {"key": "digit"}
    assert "values_differ_at" in found.codes()


def test_a_tuple_is_compared_by_type_length_then_each_element_by_index():
    """Does a tuple output fail on its type (a list is not a tuple), its length, then the element that differs?"""
    a, b = torch.ones(2), torch.zeros(3)
    expected = output_of((a, b))
    assert output_difference(output_of((a.clone(), b.clone())), expected) is None
    assert _codes(output_difference(output_of([a, b]), expected)) == ["forward_not_sequence"]
    assert _codes(output_difference(output_of((a,)), expected)) == ["output_length_differs"]
    found = output_difference(output_of((a, torch.zeros(4))), expected)
    assert found.code == "output_item_differs" and found.subject == {"index": 1}
    assert "shape_differs" in found.codes()


def test_a_tensor_where_a_dict_is_expected_and_the_reverse():
    """Does a tensor where a dict is expected name the keys, and a dict where a tensor is expected say so?"""
    x = torch.ones(2)
    found = output_difference(output_of(x), output_of({"parity": x}))
    assert found.code == "forward_not_dict" and found.data["keys"] == ["parity"]
    assert _codes(output_difference(output_of({"parity": x}), output_of(x))) == ["forward_not_tensor"]


def test_the_output_is_read_not_asked():
    """Is a dict subclass read with dict's own items (its own items() never runs), and a long one cut?"""

    class Lying(dict):
        def items(self):
            raise RuntimeError("never called")

    seen = output_of(Lying(a=torch.ones(1)))
    assert seen["type"] == "Lying" and seen["keys"] == ["a"]
    many = output_of(tuple(torch.ones(1) for _ in range(MAX_OUTPUT_ITEMS + 5)))
    assert len(many["items"]) == MAX_OUTPUT_ITEMS
    nested = output_of({"a": (torch.ones(1),)})
    assert nested["values"] == [{"type": "tuple"}]
