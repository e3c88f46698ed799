"""The domain: entities, enums with labels, the law's rules and the indicators. No Qt here."""
