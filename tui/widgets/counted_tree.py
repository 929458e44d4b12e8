"""A tree whose labels are a name and a count (``碧水工程 12``, ``柳州市2022水污染防治 (5)``): when
the pane is narrow, the name shrinks (``柳州市2022水… (5)``) and the count always stays in view.
The category tree of projects and the tree of every other kind are both this."""

from __future__ import annotations

from typing import Generic, TypeVar

from rich.cells import cell_len, set_cell_size
from rich.style import Style
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from portfolio.text import for_terminal

T = TypeVar("T")


class CountedTree(Tree[T], Generic[T]):
    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self._counts: dict[int, int] = {}  # node id -> cells of its count at the label's end

    def set_counted(self, node: TreeNode[T], name: str, count: Text | str) -> None:
        """Label ``node`` with ``name`` followed by ``count`` (kept whole when space is short)."""
        suffix = count if isinstance(count, Text) else Text(count)
        self._counts[node.id] = suffix.cell_len
        node.set_label(Text(for_terminal(name)) + suffix)  # a name edited by hand is shown escaped

    def _indent(self, node: TreeNode[T]) -> int:
        depth, parent = 0, node.parent
        while parent is not None:
            depth, parent = depth + 1, parent.parent
        if not self.show_root:
            depth -= 1
        return max(0, depth) * self.guide_depth

    def render_label(self, node: TreeNode[T], base_style: Style, style: Style) -> Text:
        text = super().render_label(node, base_style, style)
        width = self.scrollable_content_region.width
        suffix = self._counts.get(node.id)
        room = width - self._indent(node)
        if suffix is None or width <= 0 or text.cell_len <= room:
            return text
        # cut the name (after the expand icon), never the count
        keep = max(1, room - suffix - 1)
        head = text[: len(text.plain) - _chars(text.plain, suffix)]
        tail = text[len(head.plain):]
        if cell_len(head.plain) > keep:
            cut = set_cell_size(head.plain, keep).rstrip()
            head = head[: len(cut)]
            head.append("…")
        return head + tail

    def on_resize(self) -> None:
        self._invalidate()


def _chars(text: str, cells: int) -> int:
    """How many characters at the end of ``text`` take ``cells`` cells."""
    n, used = 0, 0
    for ch in reversed(text):
        if used >= cells:
            break
        used += cell_len(ch)
        n += 1
    return n
