import { useRoute } from '../../app/route';
import { AudienceEditor } from './AudienceEditor';
import { AudienceList } from './AudienceList';

// #/audiences lists saved audiences; #/audiences/new and #/audiences/<id> open the editor.
export default function AudiencesPage() {
  const route = useRoute();
  const sub = route.rest[0];
  if (sub === 'new') return <AudienceEditor key="new" id={0} />;
  if (sub && /^\d+$/.test(sub)) return <AudienceEditor key={sub} id={Number(sub)} />;
  return <AudienceList />;
}
