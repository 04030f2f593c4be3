import { Templates } from '../../api/templates';
import { navigate } from '../../app/route';
import { notifyError, notifySuccess } from '../../app/notify';

/** Makes a draft from a template and opens it in Compose. */
export async function applyTemplate(id: number, name: string, offerDetails: boolean) {
  try {
    const messageId = await Templates.use(id);
    notifySuccess(
      `Draft created from “${name}”`,
      offerDetails ? 'Its suggested audience is selected; pick the offers to present.' : 'Its suggested audience is selected; review it and send.',
    );
    navigate('compose', String(messageId));
  } catch (e) {
    notifyError('Using the template', e);
  }
}
