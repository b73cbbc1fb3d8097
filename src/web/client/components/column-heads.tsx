/** A table's head row: a column header for each column, keyed by the column's field. */

/** A header per column, given as `[key, title]`: the key names the field the column shows. */
export function ColumnHeads(props: { columns: readonly (readonly [string, string])[] }) {
  return (
    <thead>
      <tr>
        {props.columns.map(([key, title]) => (
          <th key={key} scope="col">
            {title}
          </th>
        ))}
      </tr>
    </thead>
  );
}
