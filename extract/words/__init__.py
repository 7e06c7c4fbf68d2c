"""Words of a report for keywords and topics: jieba's segmentation, content words only."""
