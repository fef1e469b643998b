// Related records on a parent's page (AdminJS's free packages have no inlines): lists the
// rows of `custom.related` whose `custom.foreignKey` is this record; boolean columns can be
// changed in place, rows removed, and new ones added from the related resource's form.
// What the viewer may not do is not offered: no request to a list they may not see, plain
// text for a reference they may not open. A change with side effects (`custom.decisions`:
// column → value → record action, e.g. « accepté » emails the student) is confirmed first and
// goes through that action, whose notice says what it did. Rows come by id, as Django's inlines
// order rows whose model has no ordering of its own (none of the related models has one).
import React, { useEffect, useState, useCallback } from 'react';
import { ApiClient, useModal, useNotice, useResource, useTranslation } from 'adminjs';
import { Box, Label, Text, Table, TableHead, TableBody, TableRow, TableCell, Button, Link } from '@adminjs/design-system';

const api = new ApiClient();
const TRI = [
  { value: '', label: 'Inconnu' },
  { value: 'true', label: 'Oui' },
  { value: 'false', label: 'Non' },
];
const can = (actions, name) => (actions || []).some((action) => action.name === name);

function cell(row, column, property) {
  const populated = row.populated && row.populated[column];
  if (populated) {
    const reference = property && property.reference;
    if (reference && can(populated.recordActions, 'show')) {
      return <Link href={`/resources/${reference}/records/${encodeURIComponent(populated.id)}/show`}>{populated.title}</Link>;
    }
    return <Text as="span">{populated.title}</Text>;
  }
  const value = row.params[column];
  if (value === true) return 'Oui';
  if (value === false) return 'Non';
  return value === null || value === undefined ? '' : String(value);
}

const RelatedList = ({ property, record }) => {
  const { translateProperty } = useTranslation();
  const { openModal } = useModal();
  const addNotice = useNotice();
  const label = translateProperty(property.path, property.resourceId);
  const { related, foreignKey, columns, readOnly, decisions = {}, manageLabel } = property.custom;
  const relatedResource = useResource(related);
  const canList = relatedResource && can(relatedResource.resourceActions, 'list');
  const canAdd = !readOnly && relatedResource && can(relatedResource.resourceActions, 'new');
  // Read-only lists may still allow removing rows (a user's participations, docs/admin.md#resources).
  const removable = property.custom.canDelete ?? !readOnly;
  const [rows, setRows] = useState(null);
  const [error, setError] = useState(canList ? null : 'Vous ne pouvez pas voir ces éléments.');
  const load = useCallback(() => {
    if (!canList) return;
    api
      .resourceAction({
        resourceId: related,
        actionName: 'list',
        params: { [`filters.${foreignKey}`]: record.id, perPage: 500, sortBy: 'id', direction: 'asc' },
      })
      .then((response) => setRows(response.data.records || []))
      .catch(() => setError('Vous ne pouvez pas voir ces éléments.'));
  }, [record.id, canList]);
  useEffect(load, [load]);

  const report = (response) => {
    if (response.data.notice) addNotice(response.data.notice);
    load();
  };
  const confirm = (title, subTitle, confirmAction) =>
    openModal({
      type: 'confirm',
      resourceId: related,
      modalProps: { variant: 'primary', label: 'confirm', title, subTitle },
      confirmAction,
    });

  const change = (row, column, value) => {
    const actionName = decisions[column] && decisions[column][value];
    const action = actionName && (row.recordActions || []).find((a) => a.name === actionName);
    if (action) {
      confirm((action.custom && action.custom.question) || action.label, row.title, () =>
        api.recordAction({ resourceId: related, recordId: row.id, actionName, method: 'post' }).then(report),
      );
      return;
    }
    const data = new FormData();
    data.set(column, value === '' ? '__FORM_VALUE_NULL__' : value);
    api.recordAction({ resourceId: related, recordId: row.id, actionName: 'edit', method: 'post', data }).then(report);
  };
  const remove = (row) =>
    confirm(`Supprimer « ${row.title} » ?`, '', () =>
      api.recordAction({ resourceId: related, recordId: row.id, actionName: 'delete', method: 'post' }).then(report),
    );

  const editable = (row, column) => {
    const value = row.params[column];
    return !readOnly && can(row.recordActions, 'edit') && !row.populated[column] && (value === null || typeof value === 'boolean');
  };
  const header = (column) => translateProperty(column, related);

  return (
    <Box mb="xl" data-testid={`related-${related}`}>
      <Label>{label}</Label>
      {error && <Text>{error}</Text>}
      {rows && (
        <Table>
          <TableHead>
            <TableRow>
              {columns.map((c) => (
                <TableCell key={c}>{header(c)}</TableCell>
              ))}
              {removable && <TableCell />}
            </TableRow>
          </TableHead>
          <TableBody>
            {rows.map((row) => (
              <TableRow key={row.id}>
                {columns.map((column) => (
                  <TableCell key={column}>
                    {editable(row, column) ? (
                      <select
                        aria-label={header(column)}
                        value={row.params[column] === null ? '' : String(row.params[column])}
                        onChange={(e) => change(row, column, e.target.value)}
                      >
                        {TRI.map((o) => (
                          <option key={o.value} value={o.value}>
                            {o.label}
                          </option>
                        ))}
                      </select>
                    ) : (
                      cell(row, column, relatedResource.properties[column])
                    )}
                  </TableCell>
                ))}
                {removable && (
                  <TableCell>
                    {can(row.recordActions, 'delete') && (
                      <Button size="sm" variant="text" onClick={() => remove(row)}>
                        Supprimer
                      </Button>
                    )}
                  </TableCell>
                )}
              </TableRow>
            ))}
            {rows.length === 0 && (
              <TableRow>
                <TableCell colSpan={columns.length + 1}>Aucun élément</TableCell>
              </TableRow>
            )}
          </TableBody>
        </Table>
      )}
      {(canAdd || (rows && rows.length > 0 && manageLabel)) && (
        <Box mt="default">
          {canAdd && (
            <Button
              as="a"
              size="sm"
              mr="default"
              href={`/resources/${related}/actions/new?${foreignKey}=${encodeURIComponent(record.id)}&redirectUrl=${encodeURIComponent(window.location.pathname)}`}
            >
              Ajouter
            </Button>
          )}
          {rows && rows.length > 0 && manageLabel && (
            <Button
              as="a"
              size="sm"
              variant="outlined"
              href={`/resources/${related}?filters.${foreignKey}=${encodeURIComponent(record.id)}`}
            >
              {manageLabel}
            </Button>
          )}
        </Box>
      )}
    </Box>
  );
};

export default RelatedList;
