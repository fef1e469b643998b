// The heading of every action names what it shows (« Nuit Blanche 2017 », « Modifier
// « Nuit Blanche 2017 » ») instead of the action (« Afficher »), and so does the browser's
// title (« Nuit Blanche 2017 | Sorties | oser-cs.fr »). AdminJS's own header does the rest.
import React, { useEffect } from 'react';
import { useTranslation } from 'adminjs';
import { pageTitle } from './french.js';

function headingOf({ action, resource, record, records }, { translateAction, translateLabel }) {
  const title = record && record.title;
  switch (action.name) {
    case 'list':
      return translateLabel(resource.name, resource.id);
    case 'show':
      return title;
    case 'edit':
      return `Modifier « ${title} »`;
    case 'new':
      return `Ajouter : ${translateLabel('singular', resource.id)}`;
    case 'history':
      return `Historique de « ${title} »`;
    default: {
      const label = translateAction(action.label, resource.id);
      if (title) return `${label} : ${title}`;
      return records && records.length ? `${label} (${records.length})` : label;
    }
  }
}

const ActionHeader = (props) => {
  const { OriginalComponent, action, resource } = props;
  const translations = useTranslation();
  const heading = headingOf(props, translations) || translations.translateAction(action.label, resource.id);
  const resourceName = translations.translateLabel(resource.name, resource.id);
  useEffect(() => {
    if (action.showInDrawer) return;
    document.title = action.name === 'list' ? pageTitle(resourceName) : pageTitle(heading, resourceName);
  }, [heading, action.name, resourceName]);
  // AdminJS's header translates the action's label: the heading is given as that translation.
  const { i18n } = translations;
  const key = `oserHeading-${action.name}`;
  const namespace = [].concat(i18n.options.defaultNS || 'translation')[0];
  i18n.addResource(i18n.language, namespace, `resources.${resource.id}.actions.${key}`, heading, { silent: true });
  return <OriginalComponent {...props} action={{ ...action, label: key }} />;
};

export default ActionHeader;
