// A stored file: thumbnail for the image, download link otherwise (admin/files.ts).
import React from 'react';
import { Box, Label, Link } from '@adminjs/design-system';

const FileShow = ({ property, record, where }) => {
  const key = record.params[property.path];
  const url = record.params[`${property.path}Url`];
  let content = '—';
  if (key && url) {
    content = property.custom.image
      ? <a href={url} target="_blank" rel="noreferrer"><img src={url} alt={property.label} style={{ maxWidth: where === 'list' ? 60 : 300, maxHeight: where === 'list' ? 40 : 200 }} /></a>
      : <Link href={url} target="_blank" rel="noreferrer">{key.split('/').pop()}</Link>;
  }
  if (where === 'list') return content;
  return <Box mb="xl"><Label>{property.label}</Label>{content}</Box>;
};

export default FileShow;
