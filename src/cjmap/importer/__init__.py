"""``cjmap import``: data into journeys from spreadsheets, analytics and surveys, Mermaid."""
