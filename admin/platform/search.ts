// The `search` action behind reference pickers and filter selects: id and title only, matched
// on the title and nothing else (`filters.*` and `searchProperty` are ignored: they would let
// a picker test any column, password hashes included). A small table comes whole, so that an
// opened multi-select scrolls through every choice as Django's two-list selector did (the
// permissions, about a hundred); a larger one gives 50 rows at most, to be narrowed by typing.
import { Filter, type ActionHandler, type RecordJSON } from 'adminjs';

const MAX_RESULTS = 50;
/** A table of at most this many rows is a small one. */
export const SMALL_TABLE = 300;

export const searchHandler: ActionHandler<{ records: RecordJSON[] }> = async (request, _response, context) => {
  const { resource } = context;
  const decorated = resource.decorate();
  const title = decorated.titleProperty().name();
  const id =
    resource
      .properties()
      .find((property) => property.isId())
      ?.path() ?? 'id';
  const query = request.params?.query;
  const filter = new Filter(query ? { [title]: query } : {}, resource);
  const sort = { sortBy: decorated.options?.sort?.sortBy ?? title, direction: decorated.options?.sort?.direction ?? 'asc' };
  const small = (await resource.count(new Filter({}, resource), context)) <= SMALL_TABLE;
  const records = await resource.find(filter, { limit: small ? SMALL_TABLE : MAX_RESULTS, offset: 0, sort }, context);
  return {
    records: records.map((record) => ({
      id: String(record.id()),
      title: decorated.titleOf(record),
      params: { [id]: record.id(), [title]: decorated.titleOf(record) },
      populated: {},
      baseError: null,
      errors: {},
      recordActions: [],
      bulkActions: [],
    })),
  };
};
