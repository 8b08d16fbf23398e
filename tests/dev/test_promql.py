"""PromQL text utilities: alert expressions reduced to what they measure, Grafana macros substituted."""

from __future__ import annotations

import doctest

import pytest

import service.dev.promql
from service.dev.promql import (
    BinaryExpr,
    data_operands,
    is_number_literal,
    split_binary,
    substitute_grafana_variables,
    without_thresholds,
)


def test_docstring_examples_hold():
    assert doctest.testmod(service.dev.promql).failed == 0


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("a > 1", BinaryExpr("a", ">", "", "1")),
        # Comparisons bind looser than arithmetic: the threshold is compared to the whole ratio.
        (
            "sum(rate(a[5m])) / sum(rate(b[5m])) > 0.05",
            BinaryExpr("sum(rate(a[5m])) / sum(rate(b[5m]))", ">", "", "0.05"),
        ),
        # `and` binds looser than comparisons; its modifiers stay with the operator.
        ("x > 300 and on (instance) y > 0", BinaryExpr("x > 300", "and", "on (instance)", "y > 0")),
        ("a or b and c", BinaryExpr("a", "or", "", "b and c")),
        ("a unless ignoring (job) b", BinaryExpr("a", "unless", "ignoring (job)", "b")),
        ("a * on (x) group_left (y) b", BinaryExpr("a", "*", "on (x) group_left (y)", "b")),
        ("a > bool 5", BinaryExpr("a", ">", "bool", "5")),
        # Left-associative: split at the last of equal-precedence operators ...
        ("a - b - c", BinaryExpr("a - b", "-", "", "c")),
        # ... except `^`, which is right-associative.
        ("a ^ b ^ c", BinaryExpr("a", "^", "", "b ^ c")),
        ("a atan2 b", BinaryExpr("a", "atan2", "", "b")),
        # Outer parentheses are not an operand boundary.
        ("((a == 0))", BinaryExpr("a", "==", "", "0")),
    ],
)
def test_split_binary_splits_at_the_loosest_top_level_operator(expr, expected):
    assert split_binary(expr) == expected


@pytest.mark.parametrize(
    "expr",
    [
        'up{job="a>b", x!="1"}',  # operators inside label matchers
        "rate(a[5m] offset -1m)",  # inside brackets and a unary sign after offset
        "histogram_quantile(0.99, sum by (le) (rate(x_bucket[5m])))",
        "sum by (instance) (y)",
        "-a",  # unary minus
        "1e-3",  # the sign of an exponent
        '"a > b"',
        "(a) ",
    ],
)
def test_single_operands_are_not_split(expr):
    assert split_binary(expr) is None


def test_unary_sign_after_an_operator_is_not_a_split_point():
    assert split_binary("a * -1") == BinaryExpr("a", "*", "", "-1")
    assert split_binary("a and -b") == BinaryExpr("a", "and", "", "-b")


@pytest.mark.parametrize(
    ("expr", "constant"),
    [
        ("0.05", True),
        ("900 * 1024 * 1024", True),
        ("-(1e3)", True),
        ("5m", True),
        ("0x1F", True),
        ("a", False),
        ("time()", False),
        ("a * 2", False),
        ("", False),
        ("()", False),
    ],
)
def test_is_number_literal_recognises_constants_only(expr, constant):
    assert is_number_literal(expr) is constant


@pytest.mark.parametrize(
    ("expr", "operands"),
    [
        ('up{job="news-entities"} == 0', ['up{job="news-entities"}']),
        ("0 < a", ["a"]),
        ("process_resident_memory_bytes > 900 * 1024 * 1024", ["process_resident_memory_bytes"]),
        ("sum(rate(a[5m])) / sum(rate(b[5m])) > 0.05", ["sum(rate(a[5m])) / sum(rate(b[5m]))"]),
        (
            "(time() - p > 300)\nand on (instance)\n(sum by (instance) (lag) > 0)",
            ["time() - p", "sum by (instance) (lag)"],
        ),
        ("a > 1 or b < 2 unless c", ["a", "b", "c"]),
        # Two series compared: both must have data.
        ("a > b", ["a", "b"]),
        # `bool` comparisons return 0/1 for every series: the expression itself is the data.
        ("a > bool 1", ["a > bool 1"]),
        ("rate(x[1m])", ["rate(x[1m])"]),
    ],
)
def test_data_operands_drop_thresholds_and_split_set_operators(expr, operands):
    assert data_operands(expr) == operands


@pytest.mark.parametrize(
    ("expr", "expected"),
    [
        ("a == 0", "a"),
        ("(x > 300) and on (instance) (y > 0)", "(x) and on (instance) (y)"),
        ("a > 1 or b", "(a) or (b)"),
        ("a / b > 0.05", "a / b"),
        ("a > b", None),
        ("(a > b) and c", None),
    ],
)
def test_without_thresholds_keeps_set_operators_and_their_matching(expr, expected):
    assert without_thresholds(expr) == expected


def test_grafana_macros_and_template_variables_are_substituted():
    expr = 'sum(rate(x{instance=~"$instance", job="${job}"}[$__rate_interval])) / $__interval'
    assert substitute_grafana_variables(expr, "30s", {"job": "news"}) == (
        'sum(rate(x{instance=~".*", job="news"}[30s])) / 30s'
    )
    assert substitute_grafana_variables("rate(x[1m])") == "rate(x[1m])"
