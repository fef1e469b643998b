// A stored file: thumbnail for the image, download link otherwise (admin/platform/files.ts).
import { useTranslation } from 'adminjs';
import React from 'react';
import { Box, Label, Link } from '@adminjs/design-system';

const FileShow = ({ property, record, where }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const key = record.params[property.path];
  const url = record.params[`${property.path}Url`];
  let content = '—';
  if (key && url) {
    content = property.custom.image ? (
      <a href={url} target="_blank" rel="noreferrer">
        <img src={url} alt={label} style={{ maxWidth: where === 'list' ? 60 : 300, maxHeight: where === 'list' ? 40 : 200 }} />
      </a>
    ) : (
      <Link href={url} target="_blank" rel="noreferrer">
        {key.split('/').pop()}
      </Link>
    );
  }
  if (where === 'list') return content;
  return (
    <Box mb="xl">
      <Label>{label}</Label>
      {content}
    </Box>
  );
};

export default FileShow;
