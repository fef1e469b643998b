import React from 'react';
import { useTranslation } from 'adminjs';
import { Box, Label } from '@adminjs/design-system';
import { renderMarkdown } from './markdown.js';

const MarkdownShow = ({ property, record }) => {
  const { translateProperty } = useTranslation();
  return (
    <Box mb="xl">
      <Label>{translateProperty(property.path, property.resourceId)}</Label>
      <div className="oser-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(record.params[property.path] || '') }} />
    </Box>
  );
};

export default MarkdownShow;
