// Related records on a parent's page (AdminJS's free packages have no inlines): lists the
// rows of `custom.related` whose `custom.foreignKey` is this record; boolean columns can be
// changed in place, rows removed, and new ones added from the related resource's form.
import React, { useEffect, useState, useCallback } from 'react';
import { ApiClient, useTranslation } from 'adminjs';
import { Box, Label, Text, Table, TableHead, TableBody, TableRow, TableCell, Button, Link } from '@adminjs/design-system';

const api = new ApiClient();
const TRI = [{ value: '', label: 'Inconnu' }, { value: 'true', label: 'Oui' }, { value: 'false', label: 'Non' }];

function cell(row, column) {
  const populated = row.populated && row.populated[column];
  if (populated) return <Link href={`/resources/${populated.resourceId}/records/${populated.id}/show`}>{populated.title}</Link>;
  const value = row.params[column];
  if (value === true) return 'Oui';
  if (value === false) return 'Non';
  return value === null || value === undefined ? '' : String(value);
}

const RelatedList = ({ property, record }) => {
  const { translateProperty } = useTranslation();
  const label = translateProperty(property.path, property.resourceId);
  const { related, foreignKey, columns, readOnly } = property.custom;
  // Read-only lists may still allow removing rows (a user's participations, SPEC 7.3).
  const canDelete = property.custom.canDelete ?? !readOnly;
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(null);
  const load = useCallback(() => {
    api.resourceAction({ resourceId: related, actionName: 'list', params: { [`filters.${foreignKey}`]: record.id, perPage: 500 } })
      .then((response) => setRows(response.data.records || []))
      .catch(() => setError('Vous ne pouvez pas voir ces éléments.'));
  }, [record.id]);
  useEffect(load, [load]);

  const change = async (row, column, value) => {
    const data = new FormData();
    data.set(column, value === '' ? '__FORM_VALUE_NULL__' : value);
    await api.recordAction({ resourceId: related, recordId: row.id, actionName: 'edit', method: 'post', data });
    load();
  };
  const remove = async (row) => {
    if (!window.confirm(`Supprimer « ${row.title} » ?`)) return;
    await api.recordAction({ resourceId: related, recordId: row.id, actionName: 'delete', method: 'post' });
    load();
  };

  return (
    <Box mb="xl" data-testid={`related-${related}`}>
      <Label>{label}</Label>
      {error && <Text>{error}</Text>}
      {rows && (
        <Table>
          <TableHead><TableRow>{columns.map((c) => <TableCell key={c}>{translateProperty(c, related)}</TableCell>)}{canDelete && <TableCell />}</TableRow></TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id}>
                {columns.map((column) => (
                  <TableCell key={column}>
                    {!readOnly && typeof row.params[column] !== 'string' && !row.populated[column] && (row.params[column] === null || typeof row.params[column] === 'boolean') ? (
                      <select aria-label={translateProperty(column, related)} value={row.params[column] === null ? '' : String(row.params[column])} onChange={(e) => change(row, column, e.target.value)}>
                        {TRI.map((o) => <option key={o.value} value={o.value}>{o.label}</option>)}
                      </select>
                    ) : cell(row, column)}
                  </TableCell>
                ))}
                {canDelete && <TableCell><Button size="sm" variant="text" onClick={() => remove(row)}>Supprimer</Button></TableCell>}
              </TableRow>
            ))}
            {rows.length === 0 && <TableRow><TableCell colSpan={columns.length + 1}>Aucun élément</TableCell></TableRow>}
          </TableBody>
        </Table>
      )}
      {!readOnly && (
        <Box mt="default">
          <Button as="a" size="sm" href={`/resources/${related}/actions/new?${foreignKey}=${encodeURIComponent(record.id)}&redirectUrl=${encodeURIComponent(window.location.pathname)}`}>Ajouter</Button>
        </Box>
      )}
    </Box>
  );
};

export default RelatedList;
