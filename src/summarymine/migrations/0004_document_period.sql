-- The part of a year a document reports on (2017-Q1, 2016-H1, or the year itself: 2017), added to
-- the output contract by issue 11. Documents stored before it have none; importing them again into a
-- new store fills it in.
ALTER TABLE documents ADD COLUMN period TEXT;
