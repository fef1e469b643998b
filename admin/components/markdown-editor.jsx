// Markdown text area with a live preview titled « Aperçu : » and image upload (docs/admin.md#markdown-editor):
// a dropped or chosen image is stored by /uploads/markdown-image and its reference inserted.
import { useTranslation } from 'adminjs';
import React, { useRef, useState } from 'react';
import { FormGroup, Label, FormMessage, Box, H3, Text } from '@adminjs/design-system';
import { renderMarkdown } from './markdown.js';

const MarkdownEditor = ({ property, record, onChange }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const value = record.params[property.path] || '';
  const area = useRef(null);
  const [status, setStatus] = useState('');
  const error = record.errors && record.errors[property.path];

  const upload = async (file) => {
    setStatus('Envoi de l’image…');
    const data = new FormData();
    data.append('image', file);
    const response = await fetch('/uploads/markdown-image', { method: 'POST', body: data, credentials: 'same-origin' });
    const body = await response.json().catch(() => ({}));
    if (!response.ok) {
      setStatus((body.image && body.image.join(' ')) || body.detail || 'Envoi impossible.');
      return;
    }
    const at = area.current ? area.current.selectionStart : value.length;
    onChange(property.path, `${value.slice(0, at)}${body.markdown}${value.slice(at)}`);
    setStatus('Image ajoutée.');
  };

  return (
    <FormGroup error={Boolean(error)}>
      <Label htmlFor={property.path}>{label}</Label>
      <Box flex flexDirection="row" style={{ gap: 16 }}>
        <Box flexGrow={1} style={{ flexBasis: 0 }}>
          <textarea
            id={property.path}
            ref={area}
            value={value}
            rows={16}
            style={{ width: '100%', fontFamily: 'monospace' }}
            onChange={(e) => onChange(property.path, e.target.value)}
            onDrop={(e) => {
              const file = e.dataTransfer.files[0];
              if (file) {
                e.preventDefault();
                upload(file);
              }
            }}
          />
          <input
            type="file"
            accept="image/jpeg,image/png,image/svg+xml"
            aria-label="Insérer une image"
            onChange={(e) => {
              const file = e.target.files[0];
              if (file) upload(file);
            }}
          />
          {status && <Text>{status}</Text>}
        </Box>
        <Box flexGrow={1} style={{ flexBasis: 0 }} data-testid="markdown-preview">
          <Text fontWeight="bold">Aperçu :</Text>
          {record.params.title && <H3>{record.params.title}</H3>}
          <div className="oser-markdown" dangerouslySetInnerHTML={{ __html: renderMarkdown(value) }} />
        </Box>
      </Box>
      {property.description && <FormMessage>{property.description}</FormMessage>}
      {error && <FormMessage>{error.message}</FormMessage>}
    </FormGroup>
  );
};

export default MarkdownEditor;
