// "Mon mot de passe": every staff member changes their own password (admin/platform/routes.ts).
import React, { useEffect, useState } from 'react';
import { Box, H2, Button, FormGroup, Label, Input, FormMessage, MessageBox } from '@adminjs/design-system';

import { pageTitle } from './french.js';

const FIELDS = [
  ['currentPassword', 'Mot de passe actuel'],
  ['newPassword', 'Nouveau mot de passe'],
  ['confirmation', 'Confirmation du nouveau mot de passe'],
];

const ChangePassword = () => {
  const [values, setValues] = useState({ currentPassword: '', newPassword: '', confirmation: '' });
  const [errors, setErrors] = useState({});
  const [done, setDone] = useState('');
  useEffect(() => {
    document.title = pageTitle('Mon mot de passe');
  }, []);
  const submit = async (event) => {
    event.preventDefault();
    setDone('');
    const response = await fetch('/account/password', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(values),
    });
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      setErrors({});
      setValues({ currentPassword: '', newPassword: '', confirmation: '' });
      setDone(body.detail);
    } else {
      setErrors(body);
    }
  };
  return (
    <Box variant="grey">
      <Box variant="white" as="form" onSubmit={submit} data-testid="change-password">
        <H2>Mon mot de passe</H2>
        {done && <MessageBox message={done} variant="success" mb="lg" />}
        {FIELDS.map(([name, label]) => (
          <FormGroup key={name} error={Boolean(errors[name])}>
            <Label htmlFor={name} required>
              {label}
            </Label>
            <Input
              id={name}
              name={name}
              type="password"
              value={values[name]}
              onChange={(e) => setValues({ ...values, [name]: e.target.value })}
            />
            {errors[name] && <FormMessage>{errors[name].join(' ')}</FormMessage>}
          </FormGroup>
        ))}
        <Button variant="contained" type="submit">
          Changer le mot de passe
        </Button>
      </Box>
    </Box>
  );
};

export default ChangePassword;
