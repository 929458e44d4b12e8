"""The tree of a record kind other than projects (tasks: plan -> section -> subsection;
indicators: category), from the kind's ``Node`` list; labels carry the counts of the records
matching the filter, and shrink their text, never their count, when the pane is narrow."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.widgets.tree import TreeNode

from .counted_tree import CountedTree


def short_plan(title: str) -> str:
    """A plan's title as the tree shows it: 柳江区2024年度水污染防治工作计划 -> 柳江区2024水污染防治."""
    for suffix in ("工作计划", "工作方案", "实施方案", "计划", "方案"):
        if title.endswith(suffix) and len(title) > len(suffix) + 4:
            title = title[: -len(suffix)]
            break
    return title.replace("年度", "", 1)


class ListTree(CountedTree[Any]):
    def __init__(self, label: str, **kwargs: Any) -> None:
        super().__init__(Text(label), data=None, **kwargs)
        self.short_names = False
        self.guide_depth = 2
        self._shape: list[Any] | None = None
        self._last: tuple[list[Any], dict[str, int], int, str] | None = None

    def show(self, nodes: list[Any], counts: dict[str, int], total: int, root: str) -> None:
        self._last = (nodes, counts, total, root)
        shape = [(n.where, [(c.where, [g.where for g in c.children]) for c in n.children]) for n in nodes]
        if self._shape != shape:
            self._shape = shape
            self.clear()
            for node in nodes:
                self._add(self.root, node)
            self.root.expand()
        self.set_counted(self.root, root, f" ({total})")
        self._relabel(self.root, counts)

    def refresh_labels(self) -> None:
        if self._last is not None:
            self.show(*self._last)

    def _add(self, parent: TreeNode[Any], node: Any) -> None:
        child = parent.add(node.label, data=node, expand=False)
        if not node.children:
            child.allow_expand = False
        for sub in node.children:
            self._add(child, sub)

    def _relabel(self, parent: TreeNode[Any], counts: dict[str, int]) -> None:
        for child in parent.children:
            if child.data is not None:
                label = short_plan(child.data.label) if parent is self.root else child.data.label
                self.set_counted(child, label, f" ({counts.get(child.data.where, 0)})")
            self._relabel(child, counts)
