"""Events: lexicon patterns over clauses give CAMEO-coded events with modality and confidence."""
