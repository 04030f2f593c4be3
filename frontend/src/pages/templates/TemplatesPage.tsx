import { useRoute } from '../../app/route';
import { Gallery } from './Gallery';
import { TemplateEditor } from './TemplateEditor';

/** #/templates is the gallery; #/templates/new and #/templates/<id> edit a user template. */
export default function TemplatesPage() {
  const route = useRoute();
  const sub = route.rest[0];
  if (sub === 'new') return <TemplateEditor key="new" id={0} />;
  if (sub && /^\d+$/.test(sub)) return <TemplateEditor key={sub} id={Number(sub)} />;
  return <Gallery />;
}
