"""``cjmap history``: each journey's numbers over its git history."""
