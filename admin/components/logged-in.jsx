// The staff member's menu at the top right, as AdminJS's own, except that logging out is a
// POST (a link or an image elsewhere cannot log anyone out).
import React from 'react';
import { useTranslation } from 'adminjs';
import { Box, CurrentUserNav } from '@adminjs/design-system';

function logOut(path) {
  const form = document.createElement('form');
  form.method = 'POST';
  form.action = path;
  document.body.appendChild(form);
  form.submit();
}

const LoggedIn = ({ session, paths }) => {
  const { translateButton } = useTranslation();
  const dropActions = [
    {
      label: translateButton('logout'),
      icon: 'LogOut',
      onClick: (event) => {
        event.preventDefault();
        logOut(paths.logoutPath);
      },
    },
  ];
  return (
    <Box flexShrink={0} data-css="logged-in">
      <CurrentUserNav name={session.email} title={session.title} avatarUrl={session.avatarUrl} dropActions={dropActions} />
    </Box>
  );
};

export default LoggedIn;
