// List cell of a date or date-time (admin/components/date-show.jsx).
import { DateList } from './date-show.jsx';

export default DateList;
