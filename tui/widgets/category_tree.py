"""The category tree: 六大工程 -> categories -> subcategories, each with its project count.

Projects without a subcategory, in a category that has named ones, get their own node
("未分类"), so that a category's count is always the sum of its nodes' counts."""

from __future__ import annotations

from rich.cells import cell_len, set_cell_size
from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from portfolio.i18n import _
from portfolio.records.project.categories import CATEGORIES, CategoryKey
from portfolio.records.project.views import category_label
from portfolio.scope import ALL, Scope, ScopeCounts
from portfolio.text import for_terminal

Shape = tuple[tuple[CategoryKey, tuple[str, ...]], ...]


NARROW_NAME = 12  # cells of a category's name in the narrow tree (21 cells wide)


class CategoryTree(Tree[Scope]):
    """Counts follow the filter; selecting a node narrows the table (``NodeSelected``)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text(_("All six groups")), data=ALL, **kwargs)  # type: ignore[arg-type]
        self.show_root = True
        self.guide_depth = 2
        self.short_names = False  # narrow terminals: 碧水 instead of 碧水工程
        self._built: Shape | None = None  # the shape of the nodes on show

    def show_counts(self, counts: ScopeCounts, subs: dict[CategoryKey, list[str]]) -> None:
        """Show ``counts``; ``subs`` (from all projects) keeps the tree's shape while
        filtering. When the shape is the one on show, only the labels change: the cursor,
        the expanded nodes and the scroll position stay as the user left them."""
        layout: Shape = tuple((c.key, tuple(subs[c.key])) for c in CATEGORIES)
        if self._built != layout:
            self._rebuild(layout)
        by_cat, by_sub = counts.by_category, counts.by_subcategory
        self.root.set_label(self._label(_("All six groups"), counts.total))
        for node in self.root.children:
            scope = node.data
            assert scope is not None and scope.category is not None
            name = category_label(scope.category, short=self.short_names)
            if self.short_names and cell_len(name) > NARROW_NAME:  # the count stays in view
                name = set_cell_size(name, NARROW_NAME - 1).rstrip() + "…"
            node.set_label(self._label(name, by_cat[scope.category]))
            for leaf in node.children:
                sub = leaf.data.subcategory if leaf.data is not None else None
                assert sub is not None
                leaf.set_label(self._label(self.sub_name(sub), by_sub[(scope.category, sub)]))

    @staticmethod
    def sub_name(sub: str) -> str:
        return sub or _("No subcategory")

    def _rebuild(self, layout: Shape) -> None:
        selected = self.cursor_node.data if self.cursor_node is not None else ALL
        expanded = {n.data for n in self._nodes_below(self.root) if n.is_expanded}
        self.clear()
        self.root.expand()
        target: TreeNode[Scope] = self.root
        for category, subcategories in layout:
            scope = Scope(category)
            node = self.root.add("", data=scope, expand=scope in expanded)
            if selected == scope:
                target = node
            for sub in subcategories:
                leaf_scope = Scope(category, sub)
                leaf = node.add_leaf("", data=leaf_scope)
                if selected == leaf_scope:
                    target = leaf
                    node.expand()
        self._built = layout
        if target is not self.root:
            # the new nodes have their lines once the tree is laid out again
            self.call_after_refresh(self.move_cursor, target)

    @staticmethod
    def _label(name: str, count: int) -> Text:
        text = Text(for_terminal(name))  # a subcategory edited by hand is shown escaped
        text.append(f" {count}", style="dim" if count == 0 else "bold")
        return text

    def _nodes_below(self, node: TreeNode[Scope]) -> list[TreeNode[Scope]]:
        out = []
        for child in node.children:
            out.append(child)
            out.extend(self._nodes_below(child))
        return out
