"""Stage: extracted batches into staging tables, by one writer."""
