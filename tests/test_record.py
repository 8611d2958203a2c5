"""``record.frozen`` / ``record.mutable`` behave as the ``dataclasses`` they replace."""

from __future__ import annotations

import dataclasses
import pickle
from typing import Generic, Mapping, TypeVar

import pytest

from modelcheck import record

T = TypeVar("T")


@record.frozen
class R:
    """A record."""

    a: int
    b: str = "x"
    c: tuple[int, ...] = ()
    d: dict[str, int] = record.field(default_factory=dict)
    e: int = record.field(default=0, repr=False, compare=False)

    def total(self) -> int:
        return self.a + len(self.c)


@dataclasses.dataclass(frozen=True, slots=True)
class D:
    """A record."""

    a: int
    b: str = "x"
    c: tuple[int, ...] = ()
    d: dict[str, int] = dataclasses.field(default_factory=dict)
    e: int = dataclasses.field(default=0, repr=False, compare=False)

    def total(self) -> int:
        return self.a + len(self.c)


@record.frozen(order=True)
class Ordered:
    path: str
    line: int = 0


@record.frozen
class Boxed(Generic[T]):
    value: T
    where: str = ""


@record.mutable
class Counter:
    name: str
    seen: Mapping[str, int] = record.field(default_factory=dict)
    count: int = 0


def test_same_behaviour_as_dataclasses() -> None:
    for args, kwargs in (((1,), {}), ((1, "y", (2, 3)), {}), ((), {"a": 2, "e": 5}), ((3,), {"d": {"k": 1}})):
        mine, theirs = R(*args, **kwargs), D(*args, **kwargs)
        assert repr(mine).replace("R(", "D(", 1) == repr(theirs)
        assert mine.total() == theirs.total()
        assert mine == R(*args, **kwargs)
        with pytest.raises(TypeError):  # a dict field: unhashable, as with dataclasses
            hash(mine)
    assert R(1, e=1) == R(1, e=2)  # compare=False
    assert hash(Ordered("a", 1)) == hash(Ordered("a", 1)) == hash(("a", 1))
    assert R(1) != R(2) and R(1) != D(1)  # type: ignore[comparison-overlap]
    assert R(1).d is not R(1).d  # a fresh default per instance
    assert record.fields(R) == tuple(f.name for f in dataclasses.fields(D))
    assert R.__match_args__ == D.__match_args__


def test_frozen_and_slotted() -> None:
    r = R(1)
    with pytest.raises(record.FrozenInstanceError):
        r.a = 2  # type: ignore[misc]
    with pytest.raises(AttributeError):
        del r.b
    assert not hasattr(r, "__dict__")
    with pytest.raises(TypeError):
        R()  # type: ignore[call-arg]


def test_pickle_replace_order_generic() -> None:
    r = R(1, "y", (2,), {"k": 1}, 7)
    back = pickle.loads(pickle.dumps(r))
    assert back == r and back.e == 7 and type(back) is R
    changed = record.replace(r, b="z")
    assert changed.b == "z" and changed.a == 1 and r.b == "y"
    with pytest.raises(TypeError):
        record.replace(r, nope=1)
    assert sorted([Ordered("b", 1), Ordered("a", 2), Ordered("a", 1)]) == [
        Ordered("a", 1), Ordered("a", 2), Ordered("b", 1)]
    assert Boxed[int](3).value == 3 and Boxed("x") == Boxed("x", "")


def test_mutable() -> None:
    c = Counter("n")
    c.count += 1
    assert c == Counter("n", {}, 1) and repr(c) == "Counter(name='n', seen={}, count=1)"
    with pytest.raises(TypeError):
        hash(c)


def test_non_default_after_default_is_refused() -> None:
    with pytest.raises(TypeError):
        @record.frozen
        class Bad:
            a: int = 0
            b: int  # type: ignore[misc]
