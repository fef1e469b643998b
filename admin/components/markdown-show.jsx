import React from 'react';
import { Box, Label } from '@adminjs/design-system';
import { renderMarkdown } from './markdown.js';

const MarkdownShow = ({ property, record }) => (
  <Box mb="xl">
    <Label>{property.label}</Label>
    <div className="oser-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(record.params[property.path] || '') }} />
  </Box>
);

export default MarkdownShow;
