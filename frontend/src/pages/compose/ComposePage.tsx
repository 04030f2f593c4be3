import { useRoute } from '../../app/route';
import { Editor } from './Editor';
import { MessageList } from './MessageList';

/** #/compose lists messages; #/compose/<id> edits one. */
export default function ComposePage() {
  const route = useRoute();
  const id = Number(route.rest[0]);
  if (Number.isInteger(id) && id > 0) return <Editor key={id} id={id} />;
  return <MessageList />;
}
