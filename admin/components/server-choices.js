// Choices and defaults a resource works out at each request (its hidden `choices` action,
// admin/platform/define.ts CHOICES_ACTION): asked when the form or the filter opens, so that a
// panel left open, or a server running across 1 September, offers today's choices.
import { useEffect, useState } from 'react';
import { ApiClient } from 'adminjs';

const api = new ApiClient();

/** The action's answer ({ choices, defaults }), null while it loads; null at once without action. */
export function useServerChoices(resourceId, actionName) {
  const [answer, setAnswer] = useState(null);
  useEffect(() => {
    if (!actionName) return undefined;
    let current = true;
    api.resourceAction({ resourceId, actionName }).then((response) => {
      if (current) setAnswer(response.data);
    });
    return () => {
      current = false;
    };
  }, [resourceId, actionName]);
  return answer;
}
