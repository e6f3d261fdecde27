"""Classification of declared goods against control-list items."""
