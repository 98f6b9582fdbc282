-- The key that lines a figure up with the same indicator in other documents (issue 11): its metric id,
-- or the indicator phrase of its subject. Figures stored before it have none; importing again fills it.
ALTER TABLE figures ADD COLUMN key TEXT;
