"""The category tree: 六大工程 -> categories -> subcategories, each with its project count."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from portfolio.categories import CATEGORIES, CategoryKey
from portfolio.i18n import _
from portfolio.scope import ALL, Scope, ScopeCounts
from portfolio.views import category_label


class CategoryTree(Tree[Scope]):
    """Counts follow the filter; selecting a node narrows the table (``NodeSelected``)."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(Text(_("All six groups")), data=ALL, **kwargs)  # type: ignore[arg-type]
        self.show_root = True
        self.guide_depth = 2
        self.short_names = False  # narrow terminals: 碧水 instead of 碧水工程

    def show_counts(self, counts: ScopeCounts, subs: dict[CategoryKey, list[str]]) -> None:
        """Rebuild with ``counts``; ``subs`` (from all projects) keeps the tree's shape while
        filtering."""
        by_cat, by_sub = counts.by_category, counts.by_subcategory
        selected = self.cursor_node.data if self.cursor_node is not None else ALL
        expanded = {n.data for n in self._nodes_below(self.root) if n.is_expanded}
        self.clear()
        self.root.set_label(self._label(_("All six groups"), counts.total))
        self.root.expand()
        target: TreeNode[Scope] | None = self.root if selected == ALL else None
        for c in CATEGORIES:
            scope = Scope(c.key)
            node = self.root.add(self._label(category_label(c.key, short=self.short_names), by_cat[c.key]),
                                 data=scope, expand=scope in expanded)
            if selected == scope:
                target = node
            for sub in subs[c.key]:
                leaf_scope = Scope(c.key, sub)
                leaf = node.add_leaf(self._label(sub, by_sub[(c.key, sub)]), data=leaf_scope)
                if selected == leaf_scope:
                    target = leaf
                    node.expand()
        if target is not None:
            self.move_cursor(target)

    @staticmethod
    def _label(name: str, count: int) -> Text:
        text = Text(name)
        text.append(f" {count}", style="dim" if count == 0 else "bold")
        return text

    def _nodes_below(self, node: TreeNode[Scope]) -> list[TreeNode[Scope]]:
        out = []
        for child in node.children:
            out.append(child)
            out.extend(self._nodes_below(child))
        return out
