"""Plan generation, the training-rules validator, and adaptation."""
