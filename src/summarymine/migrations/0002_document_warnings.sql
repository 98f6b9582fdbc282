-- What an importer could read only in part (a PDF page without a text layer, an HTML page whose
-- declared charset was wrong), kept with the document, one warning a line.
ALTER TABLE documents ADD COLUMN warnings TEXT;
