-- How a document was read (b61e35f); every document stored before was read as text.
alter table raw.documents add column if not exists read_as varchar default 'text';
