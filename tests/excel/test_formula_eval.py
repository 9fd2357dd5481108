"""The formula evaluator of tests/formula_eval.py, against hand-worked Excel results."""

from __future__ import annotations

from typing import Any

import pytest

from ..formula_eval import (
    BLANK,
    Binary,
    Book,
    Call,
    FormulaError,
    Literal,
    Ref,
    Scalar,
    Unary,
    XlError,
    agrees,
    parse,
    tokenize,
)


def book(formulas: dict[str, str] | None = None, sheet: str = "S", **inputs: Any) -> Book:
    """A one-sheet book: ``inputs`` by coordinate (``A1=2.0``), ``formulas`` likewise."""
    key = Book({}, {}, sheets=[sheet]).key
    constants = {key(sheet, k): v for k, v in inputs.items()}
    return Book(constants, {key(sheet, k): v for k, v in (formulas or {}).items()}, sheets=[sheet])


def ev(formula: str, **inputs: Any) -> Scalar:
    """``formula`` evaluated on sheet S holding ``inputs``."""
    return book(**inputs).evaluate(formula, "S")


# -- precedence --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=1+2*3", 7.0),  # * before +
        ("=(1+2)*3", 9.0),
        ("=10-4-3", 3.0),  # left to right
        ("=8/4/2", 1.0),
        ("=2*3^2", 18.0),  # ^ before *
        ("=2^3^2", 64.0),  # Excel's ^ is left-associative: (2^3)^2
        ("=-2^2", 4.0),  # unary minus binds tighter than ^ in Excel: (-2)^2
        ("=0-2^2", -4.0),  # binary minus does not
        ("=1-2^2", -3.0),
        ("=-(1+2)^2", 9.0),
        ("=2^-1", 0.5),  # a unary minus inside the exponent
        ("=--3", 3.0),
        ("=+3-+1", 2.0),
        ("=-3+5", 2.0),
        ("=6/-2*3", -9.0),  # (6/(-2))*3
        ("=1.5E+2/.5", 300.0),
        ("= 1 + 2 ", 3.0),  # spaces around tokens
        ("=1+2=3", True),  # comparison loosest: (1+2)=3
        ("=3=1+2", True),
        ("=2*3>5", True),
        ("=1<2=TRUE", True),  # (1<2)=TRUE, left to right
        ("=2^2<>4", False),
    ],
)
def test_precedence(formula: str, expected: Scalar) -> None:
    assert ev(formula) == expected
    assert type(ev(formula)) is type(expected)


def test_the_trees() -> None:
    a1 = Ref(None, 1, 1, 1, 1)
    assert parse("=-A1^2") == Binary("^", Unary("-", a1), Literal(2.0))
    assert parse("=1+2*A1>=3") == Binary(
        ">=", Binary("+", Literal(1.0), Binary("*", Literal(2.0), a1)), Literal(3.0)
    )
    assert parse("=SUM('My s'!$B$3:A1)") == Call("SUM", (Ref("My s", 1, 1, 3, 2),))


# -- comparisons and text ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=1<2", True),
        ("=2<=2", True),
        ("=3>=4", False),
        ("=3>2", True),
        ("=3<>3", False),
        ('="a"="A"', True),  # text compares case-insensitively
        ('="a"<"B"', True),
        ('=1<"a"', True),  # numbers < text < logicals
        ('="z"<TRUE', True),
        ("=FALSE<TRUE", True),
        ('=0=""', False),  # a number never equals text
        ('="1"=1', False),
        ('="a""b"="a""b"', True),
        ("=TRUE=1", False),
    ],
)
def test_comparisons(formula: str, expected: bool) -> None:
    assert ev(formula) is expected


def test_strings_and_logicals() -> None:
    assert ev('="a""b"') == 'a"b'
    assert ev('=""') == ""
    assert ev("=TRUE") is True
    assert ev("=true+1") == 2.0  # TRUE is 1 in arithmetic
    assert ev('=" 2 "*3') == 6.0  # numeric text is a number in arithmetic
    assert ev('="x"+1') == XlError("#VALUE!")
    assert ev('=""+1') == XlError("#VALUE!")


# -- blank cells -------------------------------------------------------------------------


def test_blank_cells() -> None:
    assert book().value("S", "A9") is BLANK
    assert ev("=A9+1") == 1.0  # 0 in arithmetic
    assert ev("=A9*5") == 0.0
    assert ev("=-A9") == 0.0
    assert ev('=A9=""') is True  # and "" against text
    assert ev("=A9=0") is True  # and 0 against a number
    assert ev("=A9=FALSE") is True
    assert ev("=A9=A8") is True
    assert ev('=A9<>""') is False
    assert ev('=""=A9') is True
    assert ev("=A9") == 0.0  # a formula's result is never blank


def test_a_formula_showing_a_blank_is_zero_not_blank() -> None:
    b = book({"B1": "=A1", "C1": '=B1=""', "D1": '=A1=""'})
    assert b.value("S", "B1") == 0.0
    assert b.value("S", "C1") is False  # B1 holds the number 0, not a blank
    assert b.value("S", "D1") is True


def test_text_that_is_blank_space_is_text() -> None:
    assert ev('=A1=""', A1=" ") is False


# -- IF, with "" as the workbook uses it -------------------------------------------------


def test_if_falls_back_when_an_assumption_is_blank() -> None:
    # DriverCalc's share: IF(DriverAssumptions!H4="",DriverCalc!D5,DriverAssumptions!H4)
    formulas = {"E5": '=IF(Assumptions!H4="",E4,Assumptions!H4)'}
    constants: dict[tuple[str, int, int], Any] = {("Calc", 4, 5): 0.2}
    b = Book(constants, {("Calc", 5, 5): formulas["E5"]}, sheets=["Calc", "Assumptions"])
    assert b.value("Calc", "E5") == 0.2  # H4 blank: the previous year's share
    b.set_constant("Assumptions", "H4", 0.15)
    assert b.value("Calc", "E5") == 0.15  # H4 set: the assumption
    b.set_constant("Assumptions", "H4", 0.0)
    assert b.value("Calc", "E5") == 0.0  # 0 is not "": a share of nothing


def test_if() -> None:
    assert ev("=IF(1>0,10,20)") == 10.0
    assert ev("=IF(0,10,20)") == 20.0
    assert ev("=IF(A1,10,20)") == 20.0  # a blank condition is FALSE
    assert ev("=IF(2,10)") == 10.0
    assert ev("=IF(0,10)") is False  # no else: FALSE
    assert ev("=IF(1)") is True
    assert ev('=IF("true",1,2)') == 1.0
    assert ev('=IF("yes",1,2)') == XlError("#VALUE!")
    assert ev("=IF(TRUE,1,1/0)") == 1.0  # only the branch taken is evaluated
    assert ev("=IF(FALSE,1,1/0)") == XlError("#DIV/0!")
    assert ev('=IF(TRUE,A1)=""') is True  # IF passes a blank cell on as blank
    assert ev("=IF(TRUE,A1)") == 0.0


# -- references and ranges ---------------------------------------------------------------


def test_references() -> None:
    constants = {("My sheet", 2, 2): 4.0, ("Other", 5, 3): 10.0, ("S", 1, 1): 1.0}
    b = Book(constants, {}, sheets=["S", "My sheet", "Other", "It's"])
    assert b.evaluate("='My sheet'!B2+Other!C5", "S") == 14.0
    assert b.evaluate("='My sheet'!$B$2*other!$C5-S!C$5", "S") == 40.0  # names ignore case
    assert b.evaluate("=a1+$A$1", "S") == 2.0  # lower-case refs; the formula's own sheet
    assert b.evaluate("='It''s'!A1", "S") == 0.0  # a quote doubled in a quoted name
    assert b.evaluate("=A1", "My sheet") == 0.0  # unqualified: the formula's own sheet


def test_ranges_are_2d() -> None:
    #     A     B      C
    # 1   1     2      "x"
    # 2   3     TRUE   (blank)
    # 3   4     5      6
    inputs: dict[str, Any] = dict(A1=1.0, B1=2.0, C1="x", A2=3.0, B2=True, A3=4.0, B3=5.0, C3=6.0)
    b = book(**inputs)
    assert b.evaluate("=SUM(A1:C3)", "S") == 21.0  # text, logicals, blanks skipped
    assert b.evaluate("=SUM(C3:A1)", "S") == 21.0  # corners in any order
    assert b.evaluate("=SUM(A1:A3,B1,10)", "S") == 20.0
    assert b.evaluate("=SUM(B2)", "S") == 0.0  # a logical in a reference is skipped
    assert b.evaluate('=SUM(TRUE,"3",2)', "S") == 6.0  # ...but not as a direct argument
    assert b.evaluate("=SUM(C2:C2)", "S") == 0.0
    assert b.evaluate("=MIN(A1:C3)", "S") == 1.0
    assert b.evaluate("=MAX(A1:C3,-1)", "S") == 6.0
    assert b.evaluate("=MAX(C1:C2)", "S") == 0.0  # no numbers: 0
    assert b.evaluate("=MIN(A3,B3*2,-B1)", "S") == -2.0
    assert b.evaluate("=MAX(-A1,0)", "S") == 0.0
    # SUMPRODUCT: 1*4 + 2*5 + "x"*6 (text is 0) = 14
    assert b.evaluate("=SUMPRODUCT(A1:C1,A3:C3)", "S") == 14.0
    assert b.evaluate("=SUMPRODUCT(A1:B3)", "S") == 15.0  # TRUE in a range is 0
    assert b.evaluate("=SUMPRODUCT(A1:B1,A1:A2)", "S") == XlError("#VALUE!")  # shapes differ


def test_a_range_must_be_a_whole_argument_of_sum_and_the_like() -> None:
    for formula in ("=A1:A2", "=A1:A2+1", "=SUM(A1:A2*2)", "=ABS(A1:A2)", "=IF(A1:A2,1,0)"):
        with pytest.raises(FormulaError, match="range A1:A2"):
            ev(formula)
    assert ev("=SUM(A1:A2)+SUM(ABS(A1),B1:B2)", A1=-1.0, B2=2.0) == 2.0


# -- functions ---------------------------------------------------------------------------


def test_logical_functions() -> None:
    assert ev("=AND(1,TRUE,2>1)") is True
    assert ev("=AND(1,0)") is False
    assert ev("=OR(0,FALSE,1=1)") is True
    assert ev("=OR(0,FALSE)") is False
    assert ev("=NOT(0)") is True
    assert ev("=NOT(A1)") is True  # blank is FALSE
    assert ev("=AND(A1:B2)", A1=1.0, B2="x") is True  # text and blanks in ranges skipped
    assert ev("=AND(A1:B2)", B2="x") == XlError("#VALUE!")  # no logical value at all
    assert ev('=OR("x")') == XlError("#VALUE!")


@pytest.mark.parametrize(
    ("formula", "expected"),
    [
        ("=ABS(-2.5)", 2.5),
        ("=ABS(A1)", 0.0),
        ("=ROUND(2.675,2)", 2.68),  # Excel rounds the decimal it shows, not the binary
        ("=ROUND(2.5,0)", 3.0),  # half away from zero
        ("=ROUND(-2.5,0)", -3.0),
        ("=ROUND(1234.5678,-2)", 1200.0),
        ("=ROUND(1.95,1.9)", 2.0),  # digits truncated: ROUND(1.95,1)
        ("=ROUND(-0.4,0)", 0.0),
        ("=ROUND(1E+300,2)", 1e300),
    ],
)
def test_abs_and_round(formula: str, expected: float) -> None:
    assert ev(formula) == expected


def test_function_names_ignore_case_and_future_prefixes() -> None:
    assert ev("=sum(1,2)+_xlfn.ABS(-1)") == 4.0


# -- Excel error values ------------------------------------------------------------------


def test_errors_propagate() -> None:
    b = book({"A1": "=1/0", "A2": "=A1+1", "A3": "=SUM(A1:A2)", "A4": "=IF(TRUE,5,A1)"})
    assert b.value("S", "A1") == XlError("#DIV/0!")
    assert b.value("S", "A2") == XlError("#DIV/0!")
    assert b.value("S", "A3") == XlError("#DIV/0!")
    assert b.value("S", "A4") == 5.0
    assert ev("=0^0") == XlError("#NUM!")
    assert ev("=(-8)^(1/3)") == XlError("#NUM!")
    assert ev("=10^400") == XlError("#NUM!")
    assert ev("=#N/A+1") == XlError("#N/A")
    assert ev("=A1*2", A1=XlError("#REF!")) == XlError("#REF!")


# -- what is not supported fails loudly, naming the cell and formula ---------------------


@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("=VLOOKUP(1,A1:B2,2)", "unsupported function VLOOKUP"),
        ("=NPV(0.1,A1:A3)", "unsupported function NPV"),
        ("=IF(A1,1,FOO(2))", "unsupported function FOO"),  # even in a branch not taken
        ('="a"&"b"', "unsupported operator '&'"),
        ("=5%", "unsupported operator '%'"),
        ("=A1 B1", "unsupported token 'B1'"),  # Excel's intersection operator
        ("=my_rate*2", "unsupported name 'my_rate'"),
        ("=SUM(A:A)", "unsupported name 'A'"),  # whole columns
        ("=1+", "unexpected 'end'"),
        ("=(1+2", "expected ')'"),
        ("=SUM(1,,2)", "empty argument of SUM"),
        ("=IF(1,2,3,4)", "IF takes 1 to 3 arguments, not 4"),
        ("=ROUND(1)", "ROUND takes 2 arguments, not 1"),
        ("=Nowhere!A1", "no sheet named 'Nowhere'"),
        ("=A1@", "unexpected character '@'"),
        ("={1,2}", "unexpected character '{'"),
    ],
)
def test_unsupported_formulas_fail_naming_the_cell(formula: str, message: str) -> None:
    b = book({"C3": formula})
    with pytest.raises(FormulaError, match=r"^S!C3: ") as caught:
        b.value("S", "C3")
    assert formula in str(caught.value)
    assert message in str(caught.value)
    assert caught.value.cell == "S!C3"


def test_an_unsupported_precedent_is_named_not_its_dependent() -> None:
    b = book({"A1": "=FOO(1)", "A2": "=A1+1"})
    with pytest.raises(FormulaError, match=r"^S!A1: =FOO\(1\): unsupported function FOO"):
        b.value("S", "A2")


def test_a_circular_reference_is_an_error() -> None:
    b = book({"A1": "=A3+1", "A2": "=A1", "A3": "=SUM(A2,5)"})
    with pytest.raises(FormulaError, match="circular reference"):
        b.value("S", "A1")


# -- independence from stored values -----------------------------------------------------


def test_formula_cells_are_evaluated_from_formulas_never_from_stored_values() -> None:
    key = Book({}, {}, sheets=["S"]).key
    formulas = {key("S", "A1"): "=2", key("S", "B1"): "=A1*3", key("S", "C1"): "=SUM(A1:B1)"}
    stored = {key("S", "A1"): 100.0, key("S", "B1"): 300.0, key("S", "C1"): 400.0}
    b = Book({}, formulas, stored, sheets=["S"])
    assert b.value("S", "B1") == 6.0
    assert b.value("S", "C1") == 8.0
    result = b.check(money_scale=1.0)
    assert result.checked == 3
    assert [d.cell for d in result.disagreements] == ["A1", "B1", "C1"]


def test_changing_an_input_forgets_every_result() -> None:
    b = book({"B1": "=A1*2", "C1": "=B1+1"}, A1=1.0)
    assert b.value("S", "C1") == 3.0
    b.set_constant("S", "A1", 10.0)
    assert b.value("S", "C1") == 21.0
    with pytest.raises(ValueError, match="formula cell"):
        b.set_constant("S", "B1", 1.0)


def test_a_long_chain_does_not_overflow_the_stack() -> None:
    n = 5000
    b = book({f"A{r}": f"=A{r - 1}+1" for r in range(2, n + 1)}, A1=1.0)
    assert b.value("S", f"A{n}") == float(n)


# -- the tolerance -----------------------------------------------------------------------


def test_agrees() -> None:
    assert agrees(1e6 * (1 + 0.9e-9), 1e6, floor=1e-9)  # relative 1e-9
    assert not agrees(1e6 * (1 + 2e-9), 1e6, floor=1e-9)
    assert agrees(0.004, 1e-12, floor=0.01)  # near zero: within a penny
    assert not agrees(0.02, 0.0, floor=0.01)
    assert not agrees(2e-9, 0.0, floor=1e-9)  # a share or index: 1e-9
    assert agrees(0.0, 0, floor=1e-9)  # an int stored
    assert not agrees(1.0, None, floor=1e-9)  # no stored value
    assert not agrees(True, 1.0, floor=1e-9)
    assert agrees(True, True, floor=1e-9)
    assert agrees("a", "a", floor=1e-9)
    assert not agrees(0.0, "", floor=1e-9)
    assert agrees(XlError("#DIV/0!"), "#DIV/0!", floor=1e-9)
    assert agrees(XlError("#DIV/0!"), XlError("#DIV/0!"), floor=1e-9)
    assert not agrees(XlError("#DIV/0!"), 0.0, floor=1e-9)


def test_tokens() -> None:
    assert [t.kind for t in tokenize("SUM('a b'!$C$5:D6)>=-1.5E-3")] == [
        "function",
        "op",
        "ref",
        "op",
        "op",
        "op",
        "number",
        "end",
    ]
